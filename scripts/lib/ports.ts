import net from "node:net";

export function parsePort(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`${name}=${raw} is not a port number (1–65535).`);
  }
  return port;
}

/** Throws a message naming the variable to change when `port` is taken. */
export function assertPortFree(name: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", () =>
      reject(
        new Error(
          `Port ${port} is already in use (another \`npm start\`?). Stop what uses it (\`ss -ltnp 'sport = :${port}'\`) or choose another port: ${name}=<port> npm start`,
        ),
      ),
    );
    // Unspecified host, as the services bind: catches listeners on any interface.
    server.listen({ port, exclusive: true }, () => server.close(() => resolve()));
  });
}
