"use server";

import { revalidatePath } from "next/cache";
import {
  addTeamMember,
  addTeamMemberSchema,
  createTeam,
  createTeamSchema,
  deleteTeam,
  deleteTeamSchema,
  removeTeamMember,
  removeTeamMemberSchema,
  setTeamLead,
  setTeamLeadSchema,
  updateTeam,
  updateTeamSchema,
} from "@/lib/admin/teams";
import { action } from "@/lib/safe-action";

function revalidateTeams() {
  revalidatePath("/admin/teams");
  revalidatePath("/admin");
}

export const createTeamAction = action(
  { permission: "admin.access", schema: createTeamSchema },
  async (input, { actor, db }) => {
    const team = await createTeam(db, { actor, ...input });
    revalidateTeams();
    return { id: team.id, name: team.name };
  },
);

export const updateTeamAction = action(
  { permission: "admin.access", schema: updateTeamSchema },
  async (input, { actor, db }) => {
    const team = await updateTeam(db, { actor, ...input });
    revalidateTeams();
    return { id: team.id, name: team.name };
  },
);

export const deleteTeamAction = action(
  { permission: "admin.access", schema: deleteTeamSchema },
  async (input, { actor, db }) => {
    const outcome = await deleteTeam(db, { actor, ...input });
    revalidateTeams();
    return outcome;
  },
);

export const addTeamMemberAction = action(
  { permission: "admin.access", schema: addTeamMemberSchema },
  async (input, { actor, db }) => {
    await addTeamMember(db, { actor, ...input });
    revalidateTeams();
    return null;
  },
);

export const removeTeamMemberAction = action(
  { permission: "admin.access", schema: removeTeamMemberSchema },
  async (input, { actor, db }) => {
    await removeTeamMember(db, { actor, ...input });
    revalidateTeams();
    return null;
  },
);

export const setTeamLeadAction = action(
  { permission: "admin.access", schema: setTeamLeadSchema },
  async (input, { actor, db }) => {
    await setTeamLead(db, { actor, ...input });
    revalidateTeams();
    return null;
  },
);
