import { redirect } from "next/navigation";

// The studio decides where to go: signed-out visitors land on /login from there.
export default function Home() {
  redirect("/datasets");
}
