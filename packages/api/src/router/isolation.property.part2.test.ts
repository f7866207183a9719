// Property-based isolation, part 2 of 2: see isolation.property.suite.ts.
import { describeIsolationProperties } from "./isolation.property.suite";

describeIsolationProperties(1, 2);
