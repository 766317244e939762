import Link from "next/link";

export default function NotFound() {
  return (
    <main style={{ padding: "64px 32px", textAlign: "center" }}>
      <h1>Not found</h1>
      <p>This page does not exist, or you do not have access to it.</p>
      <p>
        <Link href="/">Go to the overview</Link>
      </p>
    </main>
  );
}
