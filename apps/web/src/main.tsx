import { QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import { normalizeTabPath } from "./lib/router";
import { queryClient } from "./lib/trpc";
import "./styles/base.css";
import "./styles/pages.css";
import "./styles/shell.css";
import "./styles/content.css";
import "./styles/tables.css";
import "./styles/analysis.css";

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");

normalizeTabPath();
createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <App />
    </QueryClientProvider>
  </StrictMode>,
);
