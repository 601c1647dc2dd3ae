// A scenario through a client typed from the committed openapi/credibility-api.json
// (openapi-typescript types, openapi-fetch calls) against a running service: a contract change
// that breaks the types fails `tsc`, a behaviour change fails the checks below.
//
//   CREDIBILITY_URL=http://127.0.0.1:5000 CREDIBILITY_ADMIN_KEY=... node dist/scenario.js
import createClient from "openapi-fetch";
import type { components, paths } from "./generated/schema.js";

type Problem = components["schemas"]["ProblemDetails"] | components["schemas"]["HttpValidationProblemDetails"];

const baseUrl = (process.env.CREDIBILITY_URL ?? "http://localhost:5000").replace(/\/$/, "");
const adminKey = process.env.CREDIBILITY_ADMIN_KEY;
if (!adminKey) {
  console.error("CREDIBILITY_ADMIN_KEY is not set");
  process.exit(2);
}

let passed = 0;
let failed = 0;
function check(condition: boolean, what: string): void {
  if (condition) {
    passed++;
    console.log(`  ok    ${what}`);
  } else {
    failed++;
    console.log(`  FAIL  ${what}`);
  }
}

/** The answer's body, or a thrown error naming the call: later steps depend on it. */
function must<T>(call: string, result: { data?: T; error?: unknown; response: Response }): T {
  if (result.data === undefined) {
    throw new Error(`${call} answered ${result.response.status}: ${JSON.stringify(result.error)}`);
  }
  return result.data;
}

const client = (key: string) => createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${key}` } });

async function scenario(): Promise<void> {
  const admin = client(adminKey!);

  // An editor key, made with the bootstrap admin key; its secret is answered once.
  const created = must("POST /v1/api-keys", await admin.POST("/v1/api-keys", { body: { name: "client scenario (TS)", role: "editor" } }));
  check(created.role === "editor" && created.key.length > 0, "POST /v1/api-keys answers an editor key with its secret");
  const editor = client(created.key);

  const bloomberg = must("POST /v1/sources", await editor.POST("/v1/sources", { body: { name: "Bloomberg", kind: "outlet", country: "US" } }));
  const isna = must(
    "POST /v1/sources",
    await editor.POST("/v1/sources", {
      body: { name: "ISNA", kind: "outlet", country: "IR", aliases: [{ text: "وكالة إيسنا", language: "ar" }] },
    }),
  );
  check(bloomberg.id > 0 && isna.id > 0 && isna.aliases.length === 1, "POST /v1/sources answers the created sources");

  const claim = must(
    "POST /v1/claims",
    await editor.POST("/v1/claims", {
      body: {
        text: "Iran is pulling IRGC troops out of Syria.",
        language: "en",
        speakerId: bloomberg.id,
        subject: "iran-troops-in-syria",
        stance: "asserts",
      },
    }),
  );
  const denial = must(
    "POST /v1/claims",
    await editor.POST("/v1/claims", {
      body: {
        text: "نائب وزير الخارجية الإيراني ينفي سحب القوات من سوريا",
        language: "ar",
        speakerId: isna.id,
        subject: "iran-troops-in-syria",
        stance: "denies",
      },
    }),
  );
  check(claim.stance === "asserts" && denial.stance === "denies", "POST /v1/claims answers both claims with their stances");

  const relation = must(
    "POST /v1/relations",
    await editor.POST("/v1/relations", { body: { fromClaimId: denial.id, toClaimId: claim.id, type: "denies" } }),
  );
  check(relation.type === "denies" && relation.opposing, "POST /v1/relations records the denial as opposing");

  // Reads are public by default: the chain is read without a key.
  const anonymous = createClient<paths>({ baseUrl });
  const chain = must(
    "GET /v1/claims/{id}/chain",
    await anonymous.GET("/v1/claims/{id}/chain", { params: { path: { id: claim.id }, query: { depth: 4 } } }),
  );
  check(chain.root === claim.id, "GET /v1/claims/{id}/chain is rooted at the claim");
  check(chain.sides.against.includes(denial.id), "the denial is on the chain's against side");
  check(chain.sides.with.includes(claim.id) && chain.sides.conflicted.length === 0, "the claim itself is with, nothing conflicted");
  check(
    chain.edges.some((e) => e.fromClaimId === denial.id && e.toClaimId === claim.id && e.type === "denies"),
    "the chain's edges hold the denies relation",
  );

  // Bad input: a problem document whose errors name the field.
  const bad = await editor.POST("/v1/sources", { body: { name: "Nahrain Net", kind: "outlet", country: "Iraq" } });
  const problem: Problem | undefined = bad.error;
  check(
    bad.response.status === 400 && bad.response.headers.get("content-type")?.startsWith("application/problem+json") === true,
    "a bad country answers 400 application/problem+json",
  );
  const fields = problem && "errors" in problem ? Object.keys(problem.errors ?? {}) : [];
  check(fields.includes("country"), `the problem's errors name the field 'country' (got: ${fields.join(", ")})`);
}

try {
  await scenario();
} catch (e) {
  // A call the scenario did not expect to fail: count it and stop, the later steps depend on it.
  check(false, `unexpected failure: ${e instanceof Error ? e.message : String(e)}`);
}
console.log(`typescript-client: ${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 && passed > 0 ? 0 : 1;
