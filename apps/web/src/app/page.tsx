export default function Home() {
  return <h1>Headstart</h1>;
}
