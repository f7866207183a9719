// The instance admin's calls (migrations/0009_roles.sql): SECURITY DEFINER functions that check
// users.is_admin themselves and record each call in admin_log. An admin sees templates through
// them and nothing else of any static.
import { sql } from "drizzle-orm";
import type { Database } from "./database";
import { queryRows } from "./database";
import type { TemplateEntry } from "./schema";

/** SQLSTATE of a caller who is not an instance admin. */
export const NOT_AN_ADMIN = "PB012";

export interface AdminTemplateRow {
  id: number;
  encounter_id: number;
  name: string;
  description: string | null;
  entries: TemplateEntry[];
  published_at: Date | string;
  promoted_at: Date | string | null;
}

/** Every published template (newest first, at most 1,000), recorded in admin_log. */
export function adminListTemplates(db: Database, admin: number): Promise<AdminTemplateRow[]> {
  return queryRows<AdminTemplateRow>(db, sql`select * from app.admin_list_templates(${admin}::int)`);
}

/** Promotes or demotes a template; false when there is no such template. */
export async function adminSetTemplatePromoted(db: Database, admin: number, templateId: number, promoted: boolean): Promise<boolean> {
  const [row] = await queryRows<{ found: boolean }>(
    db,
    sql`select app.admin_set_template_promoted(${admin}::int, ${templateId}::int, ${promoted}::boolean) as found`,
  );
  return row?.found ?? false;
}
