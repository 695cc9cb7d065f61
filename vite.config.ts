import path from "node:path";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const root = path.resolve(import.meta.dirname, "src/web");

/**
 * The two web apps: the staff console (served at /console/) and the mobile pages for residents
 * and grid workers (served at /m/). One build, shared chunks under /assets/.
 */
export default defineConfig({
  root,
  base: "/",
  publicDir: path.join(root, "public"),
  plugins: [react()],
  build: {
    outDir: path.resolve(import.meta.dirname, "dist/web"),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      input: {
        console: path.join(root, "console/index.html"),
        mobile: path.join(root, "mobile/index.html"),
      },
    },
  },
  server: {
    proxy: { "/api": "http://localhost:3000", "/open311": "http://localhost:3000" },
  },
});
