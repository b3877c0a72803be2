/*
 * `import "server-only"` marks modules that must never reach a browser
 * bundle; Next resolves it to nothing on the server. Scripts run by tsx are
 * server code too, so they get the same empty module.
 */
import { register } from "node:module";

register(
  "data:text/javascript," +
    encodeURIComponent(
      'export async function resolve(specifier, context, next) {' +
        ' if (specifier === "server-only") return { url: "data:text/javascript,", shortCircuit: true };' +
        " return next(specifier, context); }",
    ),
);
