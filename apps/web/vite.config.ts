import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

export default defineConfig({
  plugins: [react()],
  server: {
    // The API and auth live on the server app; in dev, Vite forwards them so cookies stay same-origin.
    proxy: { "/api": "http://localhost:3000" },
  },
});
