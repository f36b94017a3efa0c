// Runs in the browser before the app's own code. Zod compiles object schemas with `new Function`
// when it may; under the page's CSP (no 'unsafe-eval') its probe is refused, and each refusal
// is reported as a violation. Jitless parsing needs no eval and asks for none.
// Zod reads its settings from this global (what `z.config` writes), so the setting is made
// without importing zod: pages that validate nothing in the browser load none of it.
type ZodGlobal = { __zod_globalConfig?: { jitless?: boolean } };
const zodGlobal = globalThis as ZodGlobal;
// Mutated, not replaced: zod keeps a reference to the object it found.
(zodGlobal.__zod_globalConfig ??= {}).jitless = true;
