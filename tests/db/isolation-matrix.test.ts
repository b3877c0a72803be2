import { defineIsolationMatrix } from "./isolation-matrix-suite";

// On the shared server; tests/cells/isolation-matrix-cells.test.ts runs the same matrix on a second cluster.
defineIsolationMatrix();
