import { normalizeEmail, notFound } from "@headstart/domain";
import { describe, expect, it } from "vitest";
import { UsageError } from "../src/args.ts";
import { failureOf } from "../src/exit-status.ts";

function thrownBy(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error("expected the action to throw");
}

describe("failureOf", () => {
  it("gives a domain service's bad input status 2, naming the field and keeping the message", () => {
    const failure = failureOf(
      thrownBy(() => normalizeEmail("not-an-email")),
      "usage",
    );
    expect(failure).toEqual({
      exitStatus: 2,
      message: 'Error (email): "not-an-email" is not an email address; enter one like ada@example.com.',
    });
  });

  it("gives NOT_FOUND status 3 and a usage error status 2 with the usage text", () => {
    expect(failureOf(notFound("run", "r1"), "usage").exitStatus).toBe(3);
    expect(failureOf(new UsageError("Missing --email."), "Usage: x")).toEqual({
      exitStatus: 2,
      message: "Missing --email.\n\nUsage: x",
    });
  });

  it("shows anything unexpected as-is with status 1", () => {
    expect(failureOf(new Error("disk full"), "usage")).toEqual({ exitStatus: 1, message: "Error: disk full" });
  });
});
