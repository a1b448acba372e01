/**
 * Admin → API tokens: every REST API token (never the token itself, only its prefix), a form to
 * create one (shown once), and revocation. Works on its own at /admin/api-tokens.
 */
import type { Metadata } from "next";
import Link from "next/link";
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
import { listAssignableUsers } from "@/lib/admin/lookups";
import { listApiTokens } from "@/lib/api-tokens/api-tokens";
import { requirePagePermission } from "@/lib/auth/session";
import { CreateTokenForm } from "./create-token-form";
import { RevokeTokenButton } from "./revoke-token-button";

export const metadata: Metadata = { title: "API tokens" };

const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short" });

export default async function ApiTokensPage() {
  const actor = await requirePagePermission("admin.access", "/admin/api-tokens");
  const db = getDb();
  const [tokens, people] = await Promise.all([
    listApiTokens(db, { actor }),
    listAssignableUsers(db),
  ]);

  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-col gap-1">
        <p className="text-sm text-muted-foreground">
          <Link href="/admin" className="hover:underline">
            Admin
          </Link>{" "}
          / API tokens
        </p>
        <h1 className="text-xl font-semibold">API tokens</h1>
        <p className="text-sm text-muted-foreground">
          Integrations call the REST API with a token in the header{" "}
          <code className="font-mono text-xs">Authorization: Bearer hd_…</code>. A token acts as its
          user, with that user&apos;s permissions. See{" "}
          <a href="/api/v1/openapi.json" className="underline underline-offset-4">
            the OpenAPI description
          </a>
          .
        </p>
      </div>

      <Card>
        <CardHeader>
          <CardTitle>New token</CardTitle>
        </CardHeader>
        <CardContent>
          <CreateTokenForm
            people={people.map((p) => ({ id: p.id, label: `${p.name} <${p.email}> (${p.role})` }))}
            defaultUserId={actor.id}
          />
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Tokens</CardTitle>
        </CardHeader>
        <CardContent>
          {tokens.length === 0 ? (
            <p className="text-sm text-muted-foreground">No API tokens yet.</p>
          ) : (
            <Table aria-label="API tokens">
              <TableHeader>
                <TableRow>
                  <TableHead>Name</TableHead>
                  <TableHead>Token</TableHead>
                  <TableHead>Acts as</TableHead>
                  <TableHead>Created</TableHead>
                  <TableHead>Last used</TableHead>
                  <TableHead>State</TableHead>
                  <TableHead>
                    <span className="sr-only">Actions</span>
                  </TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {tokens.map((token) => (
                  <TableRow key={token.id}>
                    <TableCell className="font-medium">{token.name}</TableCell>
                    <TableCell className="font-mono text-xs">{token.tokenPrefix}…</TableCell>
                    <TableCell>
                      {token.userName ?? "—"}
                      {token.userEmail ? (
                        <span className="block text-xs text-muted-foreground">
                          {token.userEmail}
                        </span>
                      ) : null}
                    </TableCell>
                    <TableCell className="text-muted-foreground">
                      {dateFormat.format(token.createdAt)}
                      {token.createdByName ? (
                        <span className="block text-xs">by {token.createdByName}</span>
                      ) : null}
                    </TableCell>
                    <TableCell className="text-muted-foreground">
                      {token.lastUsedAt ? dateFormat.format(token.lastUsedAt) : "Never"}
                    </TableCell>
                    <TableCell>
                      {token.revokedAt ? (
                        <Badge className="text-muted-foreground">
                          Revoked {dateFormat.format(token.revokedAt)}
                        </Badge>
                      ) : (
                        <Badge>Active</Badge>
                      )}
                    </TableCell>
                    <TableCell className="text-right">
                      {token.revokedAt ? null : (
                        <RevokeTokenButton tokenId={token.id} name={token.name} />
                      )}
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
