// Versions and aliases: Publish version from the state machine page, the Versions and Aliases
// tabs, an alias routing by weight to two versions, Start execution on a version or an alias, and
// the execution naming the version and alias ARNs it ran; bad input gets the API's error and
// nothing stored changes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { useSite, openConsole, shots } from "./site.mjs";
import { createStateMachine, executionStatus, openStateMachine, setCode, storedWorkspace } from "./console.mjs";

const site = useSite();

const machine = (v) => ({ StartAt: "Which", States: { Which: { Type: "Pass", Result: { v }, End: true } } });
const ARN = "arn:aws:states:ca-central-1:123456789012:stateMachine:Versioned";

const output = async (page) => {
  await page.getByRole("tab", { name: "Execution input and output" }).click();
  return JSON.parse(await page.locator("#execution-output").innerText());
};

async function publish(page, description) {
  await page.locator("#publish-version").click();
  const dialog = page.getByRole("dialog", { name: "Publish version" });
  await dialog.getByLabel("Description - optional").fill(description);
  await dialog.getByRole("button", { name: "Publish" }).click();
  await dialog.waitFor({ state: "detached" });
}

async function startOn(page, qualifier) {
  await page.locator("#start-execution").click();
  const dialog = page.getByRole("dialog", { name: "Start execution" });
  // the dialog opens on the unqualified state machine
  if (qualifier) await dialog.locator("#execution-qualifier").selectOption(qualifier);
  const name = await dialog.getByLabel("Name").inputValue();
  await dialog.getByRole("button", { name: "Start execution" }).click();
  await page.getByText(`Execution: ${name}`).waitFor();
  await page.locator("#execution-status").filter({ hasNotText: "Running" }).waitFor({ timeout: 60_000 });
  return name;
}

test("versions and aliases: publish, route by weight, start on a version or an alias, AWS's errors", async () => {
  const { page, errors } = await openConsole(site);
  await createStateMachine(page, "Versioned", machine(1));

  // Publish version: version 1; publishing the unchanged definition again gives version 1 back
  await publish(page, "first");
  await publish(page, "unchanged");
  await page.getByRole("tab", { name: "Versions" }).click();
  assert.equal(await page.locator("#versions tbody tr").count(), 1);
  assert.match(await page.locator("#version-1").innerText(), /first/);

  // a new definition, then version 2
  await page.getByRole("button", { name: "Edit" }).click();
  await setCode(page, "#definition", JSON.stringify(machine(2), null, 2));
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await page.getByRole("heading", { name: "Versioned", exact: true }).waitFor();
  await publish(page, "second");
  await page.getByRole("tab", { name: "Versions" }).click();
  await page.locator("#version-2").waitFor();
  await page.locator("#version-1").getByRole("button", { name: "Version 1" }).click();
  assert.deepEqual(JSON.parse(await page.locator("#version-definition").innerText()), machine(1));

  // an alias whose weights do not sum to 100 is refused with the API's error; nothing is stored
  await page.getByRole("tab", { name: "Aliases" }).click();
  await page.locator("#create-alias").click();
  const form = page.getByRole("dialog", { name: "Create alias" });
  await form.getByLabel("Alias name").fill("live");
  await form.locator("#alias-version-1").selectOption("1");
  await form.locator("#alias-weight-1").fill("70");
  await form.locator("#alias-toggle-second").click();
  await form.locator("#alias-version-2").selectOption("2");
  await form.locator("#alias-weight-2").fill("20");
  await form.locator("#alias-save").click();
  assert.match(await form.locator("#alias-problem").innerText(), /^ValidationException: .*100/);
  let stored = (await storedWorkspace(page)).state_machines.find((s) => s.name === "Versioned");
  assert.deepEqual(stored.versions.aliases, []);
  // a name of digits only breaks the API's pattern
  await form.getByLabel("Alias name").fill("42");
  await form.locator("#alias-weight-2").fill("30");
  await form.locator("#alias-save").click();
  assert.match(await form.locator("#alias-problem").innerText(), /^ValidationException: 1 validation error detected: Value '42' at 'name'/);
  await form.getByLabel("Alias name").fill("live");
  await form.locator("#alias-save").click();
  await form.waitFor({ state: "detached" });
  assert.match(await page.locator("#alias-live").innerText(), /Version 1: 70%, Version 2: 30%/);

  // a version an alias routes to cannot be deleted
  await page.getByRole("tab", { name: "Versions" }).click();
  await page.locator("#version-2").getByRole("button", { name: "Delete" }).click();
  assert.match(await page.locator("#versions-problem").innerText(), /^ConflictException: /);
  assert.equal(await page.locator("#versions tbody tr").count(), 2);
  await page.screenshot({ path: join(shots, "versions.png"), fullPage: true });

  // Start execution on version 1: its definition runs, the execution names the version
  await startOn(page, "1");
  assert.equal(await executionStatus(page), "Execution status: Succeeded");
  // Details: the version ARN, no alias
  assert.equal(await page.locator("#execution-version-arn").innerText(), `${ARN}:1`);
  assert.equal(await page.locator("#execution-alias-arn").count(), 0);
  assert.deepEqual(await output(page), { v: 1 });

  // on the alias: one of its versions runs, and the execution names the alias and that version
  await openStateMachine(page, "Versioned");
  await startOn(page, "live");
  assert.equal(await page.locator("#execution-alias-arn").innerText(), `${ARN}:live`);
  const version = await page.locator("#execution-version-arn").innerText();
  assert.ok([`${ARN}:1`, `${ARN}:2`].includes(version), version);
  assert.deepEqual(await output(page), { v: Number(version.split(":").pop()) });

  // unqualified: the latest revision, no version
  await openStateMachine(page, "Versioned");
  await startOn(page, "");
  await page.locator("#execution-details").waitFor();
  assert.equal(await page.locator("#execution-version-arn").count(), 0);
  assert.deepEqual(await output(page), { v: 2 });

  // kept in IndexedDB: versions, aliases and the ExecutionStarted details
  stored = await storedWorkspace(page);
  const versioned = stored.state_machines.find((s) => s.name === "Versioned");
  assert.deepEqual(versioned.versions.versions.map((v) => [v.number, v.description]), [[1, "first"], [2, "second"]]);
  const started = stored.executions.map((e) => e.events[0].executionStartedEventDetails).filter((d) => d.stateMachineAliasArn);
  assert.equal(started.length, 1);
  assert.equal(started[0].stateMachineAliasArn, `${ARN}:live`);
  assert.deepEqual(errors, []);
});
