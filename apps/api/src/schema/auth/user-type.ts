// The public face of an account. Password hashes and sessions never leave the
// server; users are reachable only as the viewer or as a teammate.
import type { User } from "@headstart/db";
import { builder } from "../builder.ts";

export const UserRef = builder.objectRef<User>("User").implement({
  description: "A person with an account.",
  fields: (t) => ({
    id: t.exposeID("id"),
    email: t.exposeString("email"),
    name: t.exposeString("name", { nullable: true }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
  }),
});
