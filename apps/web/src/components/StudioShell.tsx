"use client";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { type ReactNode, useCallback, useEffect, useMemo, useState } from "react";
import { useMutation, useQuery } from "urql";
import { useClientControl } from "@/app/providers.tsx";
import { LogOutMutation, MyTeamsQuery, ViewerQuery } from "@/lib/session-operations.ts";
import { rememberedTeamId, rememberTeamId, StudioContext, type StudioContextValue } from "@/lib/team-context.tsx";
import { CreateTeamForm } from "./CreateTeamForm.tsx";
import { ErrorState, Loading } from "./States.tsx";

const NAV = [
  { href: "/datasets", label: "Datasets" },
  { href: "/runs", label: "Runs" },
  { href: "/compare", label: "Compare" },
  { href: "/predict", label: "Predict" },
  { href: "/team", label: "Team" },
  { href: "/tokens", label: "API tokens" },
];

export function StudioShell({ children }: { children: ReactNode }) {
  const router = useRouter();
  const pathname = usePathname();
  const { resetClient } = useClientControl();
  const [viewerResult, refetchViewer] = useQuery({ query: ViewerQuery, requestPolicy: "network-only" });
  const viewer = viewerResult.data?.viewer ?? null;
  const [teamsResult, refetchTeams] = useQuery({ query: MyTeamsQuery, pause: !viewer });
  const [, logOut] = useMutation(LogOutMutation);
  const [teamId, setTeamIdState] = useState<string | null>(null);

  useEffect(() => setTeamIdState(rememberedTeamId()), []);
  useEffect(() => {
    if (!viewerResult.fetching && viewerResult.data && !viewer) {
      router.replace(`/login?next=${encodeURIComponent(pathname)}`);
    }
  }, [viewerResult.fetching, viewerResult.data, viewer, router, pathname]);

  const teams = useMemo(() => teamsResult.data?.teams.edges.map((e) => e.node) ?? [], [teamsResult.data]);
  const team = teams.find((t) => t.id === teamId) ?? teams[0] ?? null;
  const setTeamId = useCallback((id: string) => {
    rememberTeamId(id);
    setTeamIdState(id);
  }, []);
  const refreshTeams = useCallback(() => refetchTeams({ requestPolicy: "network-only" }), [refetchTeams]);

  const signOut = async () => {
    await logOut({});
    resetClient();
    router.replace("/login");
  };

  let body: ReactNode;
  if (viewerResult.error && !viewerResult.data) {
    body = (
      <ErrorState
        error={viewerResult.error}
        title="Cannot load your account"
        retry={() => refetchViewer({ requestPolicy: "network-only" })}
      />
    );
  } else if (!viewer || (teamsResult.fetching && !teamsResult.data)) {
    body = <Loading label="Loading your workspace…" />;
  } else if (teamsResult.error && !teamsResult.data) {
    body = <ErrorState error={teamsResult.error} title="Cannot load your teams" retry={refreshTeams} />;
  } else if (!team) {
    body = (
      <div className="card" style={{ maxWidth: 520 }}>
        <h1>Create your team</h1>
        <p className="muted">Datasets, runs and models belong to a team. You can invite teammates later.</p>
        <CreateTeamForm
          suggestedName={viewer.name ? `${viewer.name}'s team` : "My team"}
          onCreated={(created) => {
            setTeamId(created.id);
            refreshTeams();
          }}
        />
      </div>
    );
  } else {
    body = children;
  }

  const context: StudioContextValue | null = viewer && team ? { viewer, teams, team, setTeamId, refreshTeams } : null;

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Link href="/datasets" className="brand">
          <span className="brand-mark" aria-hidden="true" /> Headstart
        </Link>
        <nav className="nav" aria-label="Main">
          {NAV.map((item) => (
            <Link key={item.href} href={item.href} aria-current={pathname.startsWith(item.href) ? "page" : undefined}>
              {item.label}
            </Link>
          ))}
        </nav>
        <div className="topbar-end">
          {teams.length > 0 && team ? (
            <label className="row small" style={{ fontWeight: 400 }}>
              <span className="muted">Team</span>
              <select
                aria-label="Current team"
                value={team.id}
                onChange={(e) => setTeamId(e.target.value)}
                data-testid="team-switcher"
              >
                {teams.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.name}
                  </option>
                ))}
              </select>
            </label>
          ) : null}
          {viewer ? (
            <>
              <span className="small muted" title={viewer.email}>
                {viewer.name ?? viewer.email}
              </span>
              <button type="button" className="small" onClick={signOut}>
                Sign out
              </button>
            </>
          ) : null}
        </div>
      </header>
      <main id="main" className="page">
        {context ? <StudioContext.Provider value={context}>{body}</StudioContext.Provider> : body}
      </main>
    </div>
  );
}
