// Property-based isolation, part 1 of 2: see isolation.property.suite.ts.
import { describeIsolationProperties } from "./isolation.property.suite";

describeIsolationProperties(0, 2);
