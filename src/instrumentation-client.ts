// Runs in the browser before the app's own code. Zod compiles object schemas with `new Function`
// when it may; under the page's CSP (no 'unsafe-eval') its probe is refused, and each refusal
// is reported as a violation. Jitless parsing needs no eval and asks for none.
import { z } from "zod";

z.config({ jitless: true });
