import type { Ref } from "react";
import type { Role } from "../lib/api";
import { JOB_GROUPS, ROLE_LABELS, ROLES } from "../lib/jobs";

interface SelectProps<T> {
  id: string;
  value: T;
  onChange: (value: T) => void;
  /** The text of the empty choice ("No job", "From job", …). */
  emptyLabel: string;
  disabled?: boolean;
  ref?: Ref<HTMLSelectElement>;
}

export function JobSelect({ id, value, onChange, emptyLabel, disabled }: SelectProps<string>) {
  return (
    <select id={id} className="input" value={value} disabled={disabled} onChange={(event) => onChange(event.target.value)}>
      <option value="">{emptyLabel}</option>
      {JOB_GROUPS.map((group) => (
        <optgroup key={group.label} label={group.label}>
          {group.jobs.map((job) => (
            <option key={job.abbr} value={job.abbr}>
              {job.abbr} · {job.name}
            </option>
          ))}
        </optgroup>
      ))}
    </select>
  );
}

export function RoleSelect({ id, value, onChange, emptyLabel, disabled, ref }: SelectProps<Role | null>) {
  return (
    <select
      ref={ref}
      id={id}
      className="input"
      value={value ?? ""}
      disabled={disabled}
      onChange={(event) => onChange(ROLES.find((role) => role === event.target.value) ?? null)}
    >
      <option value="">{emptyLabel}</option>
      {ROLES.map((role) => (
        <option key={role} value={role}>
          {ROLE_LABELS[role]}
        </option>
      ))}
    </select>
  );
}
