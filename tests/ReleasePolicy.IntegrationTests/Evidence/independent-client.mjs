// An independent client: reads one release's evidence with @azure/storage-blob, checks every record's SHA-256 and
// previousHash with Node's crypto, the manifest's list and head, and the manifest signature with the published key.
// Usage: node independent-client.mjs <connection-string> <container> <service> <releaseId> <public-key.pem>
// Prints one JSON object; exit code 0 when everything verifies.
import { BlobServiceClient } from "@azure/storage-blob";
import { createHash, verify } from "node:crypto";
import { readFileSync } from "node:fs";

const [connectionString, containerName, service, releaseId, keyPath] = process.argv.slice(2);
const container = BlobServiceClient.fromConnectionString(connectionString).getContainerClient(containerName);
const prefix = `releases/${service}/${releaseId}/`;
const sha256 = (bytes) => createHash("sha256").update(bytes).digest("hex");

const blobs = new Map();
for await (const item of container.listBlobsFlat({ prefix })) {
  blobs.set(item.name, await container.getBlobClient(item.name).downloadToBuffer());
}

const problems = [];
const records = [...blobs.keys()].filter((name) => /^\d{6}-[a-z0-9-]+\.json$/.test(name.slice(prefix.length))).sort();
let previous = null;
const checked = [];
records.forEach((name, index) => {
  const bytes = blobs.get(name);
  const record = JSON.parse(bytes.toString("utf8"));
  if (record.sequence !== index + 1) problems.push(`${name}: sequence ${record.sequence}, expected ${index + 1}`);
  if (record.previousHash !== previous) problems.push(`${name}: previousHash does not match the record before`);
  previous = sha256(bytes);
  checked.push({ name, sha256: previous });
});

const manifestBytes = blobs.get(prefix + "manifest.json");
const signature = blobs.get(prefix + "manifest.sig");
let signatureValid = false;
if (!manifestBytes || !signature) {
  problems.push("manifest.json or manifest.sig missing");
} else {
  const manifest = JSON.parse(manifestBytes.toString("utf8"));
  const listed = manifest.records.map((r) => `${r.blob} ${r.sha256}`).join("\n");
  if (listed !== checked.map((r) => `${r.name} ${r.sha256}`).join("\n")) problems.push("manifest does not list exactly these records and hashes");
  if (manifest.head !== previous) problems.push("manifest head is not the last record's hash");
  signatureValid = verify("sha256", manifestBytes, { key: readFileSync(keyPath, "utf8"), dsaEncoding: "der" }, signature);
  if (!signatureValid) problems.push("manifest signature does not verify with the published key");
}

console.log(JSON.stringify({ records: checked, head: previous, signatureValid, problems }));
process.exit(problems.length === 0 ? 0 : 1);
