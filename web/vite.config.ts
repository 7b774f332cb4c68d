/**
 * The web app lives in web/ and builds to web/dist, which the server serves.
 * In development (`npm run dev`) Vite proxies /api to the server on PORT (3000).
 */
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const apiPort = process.env.PORT ?? "3000";

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  plugins: [react()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // One bundle of about 165 kB gzipped (React, the AI SDK client with zod, the Markdown
    // parser), served with immutable caching: splitting it would buy little.
    chunkSizeWarningLimit: 700,
  },
  server: { proxy: { "/api": `http://127.0.0.1:${apiPort}` } },
});
