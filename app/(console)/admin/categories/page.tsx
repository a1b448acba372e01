import type { Metadata } from "next";
import { AdminTableCard } from "@/components/admin/admin-table-card";
import { AdminPageHeader } from "@/components/admin/page-header";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { getDb } from "@/db";
import { listCategoriesForAdmin } from "@/lib/admin/queries";
import { requirePagePermission } from "@/lib/auth/session";
import { CategoriesTable } from "./categories-table";
import { CreateCategoryForm } from "./create-category-form";

export const metadata: Metadata = { title: "Categories · Admin" };

export default async function CategoriesPage() {
  const actor = await requirePagePermission("admin.access", "/admin/categories");
  const categories = await listCategoriesForAdmin(getDb(), actor);

  return (
    <div className="flex flex-col gap-6">
      <AdminPageHeader title="Categories">
        Agents pick a category for each ticket, in the order shown here. A category&apos;s API value
        is fixed when it is created. Deactivated categories are hidden from pickers but stay on the
        tickets that have them; categories are never deleted.
      </AdminPageHeader>
      <Card>
        <CardHeader>
          <CardTitle>New category</CardTitle>
        </CardHeader>
        <CardContent>
          <CreateCategoryForm />
        </CardContent>
      </Card>
      <AdminTableCard title={`Categories (${categories.length})`}>
        <CategoriesTable categories={categories} />
      </AdminTableCard>
    </div>
  );
}
