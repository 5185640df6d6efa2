// Copies Leaflet's browser build from node_modules into static/immigo/vendor/leaflet/, where
// Django's static files pick it up. The copy is committed, so a checkout serves the map without
// npm; package.json runs this after every `npm install` / `npm ci` (and `npm run vendor-leaflet`
// runs it by hand), so the copy always matches the version in package-lock.json.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const source = join(root, "node_modules", "leaflet");
const target = join(root, "static", "immigo", "vendor", "leaflet");
const files = [
  "dist/leaflet.js",
  "dist/leaflet.css",
  "dist/images/layers.png",
  "dist/images/layers-2x.png",
  "dist/images/marker-icon.png",
  "dist/images/marker-icon-2x.png",
  "dist/images/marker-shadow.png",
  "LICENSE",
];

mkdirSync(join(target, "images"), { recursive: true });
for (const file of files) {
  copyFileSync(join(source, file), join(target, file.replace(/^dist\//, "")));
}
const { version } = JSON.parse(readFileSync(join(source, "package.json"), "utf8"));
writeFileSync(join(target, "VERSION"), `${version}\n`);
console.log(`vendor-leaflet: Leaflet ${version} copied to static/immigo/vendor/leaflet/`);
