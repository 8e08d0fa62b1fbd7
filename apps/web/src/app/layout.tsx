import type { Metadata, Viewport } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { Providers } from "./providers.tsx";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Headstart", template: "%s · Headstart" },
  description: "Build image classifiers from a few hundred labelled images.",
};

export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Render every page per request: server/main.ts sends a Content-Security-Policy
  // with a fresh nonce, and Next can only put that nonce on the page's scripts
  // while rendering it (a page prerendered at build time has none, and the
  // browser would refuse its inline scripts).
  await connection();
  return (
    <html lang="en">
      <body>
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
