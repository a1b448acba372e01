import type { Metadata } from "next";
import { AdminPageHeader } from "@/components/admin/page-header";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";
import { getDb } from "@/db";
import { listCustomFieldsForAdmin } from "@/lib/admin/queries";
import { requirePagePermission } from "@/lib/auth/session";
import { CustomFieldForm, EditCustomFieldDialog } from "./custom-field-form";
import { typeLabels, visibilityShortLabels } from "./labels";

export const metadata: Metadata = { title: "Custom fields · Admin" };

export default async function CustomFieldsPage() {
  const actor = await requirePagePermission("admin.access", "/admin/custom-fields");
  const fields = await listCustomFieldsForAdmin(getDb(), actor);

  return (
    <div className="flex flex-col gap-6">
      <AdminPageHeader title="Custom fields">
        Extra facts recorded on each ticket, such as an order number or a plan. A field&apos;s key
        and type are fixed once it exists; switch a field off instead of deleting it, and the values
        already recorded are kept.
      </AdminPageHeader>
      <Card>
        <CardHeader>
          <CardTitle>New field</CardTitle>
        </CardHeader>
        <CardContent>
          <CustomFieldForm />
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Fields ({fields.length})</CardTitle>
        </CardHeader>
        <CardContent>
          {fields.length === 0 ? (
            <p className="text-sm text-muted-foreground">No custom fields yet.</p>
          ) : (
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead>Position</TableHead>
                  <TableHead>Label</TableHead>
                  <TableHead>Key</TableHead>
                  <TableHead>Type</TableHead>
                  <TableHead>Visible to</TableHead>
                  <TableHead>Status</TableHead>
                  <TableHead>
                    <span className="sr-only">Actions</span>
                  </TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {fields.map((field) => (
                  <TableRow
                    key={field.id}
                    className={field.isActive ? undefined : "text-muted-foreground"}
                  >
                    <TableCell>{field.position}</TableCell>
                    <TableCell className="font-medium">
                      {field.label}
                      {field.type === "select" ? (
                        <p className="max-w-xs truncate text-xs font-normal text-muted-foreground">
                          {field.options.join(" · ")}
                        </p>
                      ) : null}
                    </TableCell>
                    <TableCell className="font-mono text-xs">{field.key}</TableCell>
                    <TableCell>{typeLabels[field.type].replace(/ \(.*\)$/, "")}</TableCell>
                    <TableCell>{visibilityShortLabels[field.visibility]}</TableCell>
                    <TableCell>
                      {field.isActive ? (
                        <Badge>Active</Badge>
                      ) : (
                        <Badge className="text-muted-foreground">Inactive</Badge>
                      )}
                    </TableCell>
                    <TableCell className="text-right">
                      <EditCustomFieldDialog field={field} />
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </CardContent>
      </Card>
    </div>
  );
}
