import type { ReactNode } from "react";
import { StudioShell } from "@/components/StudioShell.tsx";

export default function StudioLayout({ children }: { children: ReactNode }) {
  return <StudioShell>{children}</StudioShell>;
}
