import { describe, expect, it } from "vitest";
import { canonicalEmail } from "./email";

describe("canonicalEmail", () => {
  it.each([
    ["Alice@Example.com", "alice@example.com"],
    ["a.l.i.c.e+raid@gmail.com", "alice@gmail.com"],
    ["Alice.Smith@GoogleMail.com", "alicesmith@gmail.com"],
    ["first.last+x@example.org", "first.last@example.org"],
  ])("%s → %s", (input, expected) => {
    expect(canonicalEmail(input)).toBe(expected);
  });
});
