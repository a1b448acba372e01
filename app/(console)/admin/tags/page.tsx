import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { AdminTableCard } from "@/components/admin/admin-table-card";
import { AdminPageHeader } from "@/components/admin/page-header";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { getDb } from "@/db";
import { listTagsForAdmin } from "@/lib/admin/queries";
import { requirePagePermission } from "@/lib/auth/session";
import { CreateTagForm } from "./create-tag-form";
import { TagsTable } from "./tags-table";

export const metadata: Metadata = { title: "Tags · Admin" };

const searchSchema = z.object({ q: z.string().max(50).optional().catch(undefined) });

export default async function TagsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await requirePagePermission("admin.access", "/admin/tags");
  const { q } = searchSchema.parse(await searchParams);
  const search = q?.trim() || undefined;
  const { rows, total } = await listTagsForAdmin(getDb(), actor, { search });

  return (
    <div className="flex flex-col gap-6">
      <AdminPageHeader title="Tags">
        Agents label tickets with tags; new ones are also created as they type. Renaming a tag
        renames it on every ticket; deleting it removes it from them.
      </AdminPageHeader>
      <Card>
        <CardHeader>
          <CardTitle>New tag</CardTitle>
        </CardHeader>
        <CardContent>
          <CreateTagForm />
        </CardContent>
      </Card>
      <AdminTableCard
        title={search ? `Tags matching “${search}” (${total})` : `All tags (${total})`}
        controls={
          <form role="search" className="flex flex-wrap items-end gap-2" action="/admin/tags">
            <div className="flex flex-col gap-1.5">
              <Label htmlFor="tag-search">Find tags</Label>
              <Input
                id="tag-search"
                name="q"
                type="search"
                defaultValue={search}
                className="w-64"
              />
            </div>
            <Button type="submit" variant="outline">
              Search
            </Button>
            {search ? (
              <Button asChild variant="ghost">
                <Link href="/admin/tags">Clear</Link>
              </Button>
            ) : null}
          </form>
        }
        empty={rows.length === 0 && (search ? "No tag matches that search." : "No tags yet.")}
        footnote={
          total > rows.length &&
          `Showing the first ${rows.length} of ${total} tags. Search to find the others.`
        }
      >
        <TagsTable tags={rows} />
      </AdminTableCard>
    </div>
  );
}
