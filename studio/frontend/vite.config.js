// Builds the canvas into studio/static/canvas/ with stable names (canvas.js, canvas.css), which the
// repository commits so `make demo` / `make studio` never need Node; CI rebuilds and compares.
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

export default defineConfig({
  plugins: [react()],
  define: { "process.env.NODE_ENV": JSON.stringify("production") },
  build: {
    outDir: "../static/canvas",
    emptyOutDir: true,
    sourcemap: false,
    lib: {
      entry: "src/main.jsx",
      formats: ["es"],
      fileName: () => "canvas.js",
    },
    rollupOptions: { output: { assetFileNames: "canvas.[ext]" } },
  },
});
