import type { ReactNode } from "react";

/** In place of a chart when the data is too thin to draw a conclusion from (SPEC.md F). */
export function InsufficientCard({
  title,
  message,
  className,
  children,
}: {
  title: string;
  message: string;
  className?: string;
  children?: ReactNode;
}) {
  return (
    <section className={`section chart-card ${className ?? ""}`} aria-label={title}>
      <h2>{title}</h2>
      <p className="insufficient">{message}</p>
      {children}
    </section>
  );
}
