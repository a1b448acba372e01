"use client";

// Last resort when the root layout itself fails: no theme, no components, just a way back.
export default function GlobalError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <html lang="en">
      <body style={{ fontFamily: "system-ui, sans-serif", padding: "3rem", textAlign: "center" }}>
        <h1>Something went wrong</h1>
        <p>
          The helpdesk could not show this page.
          {error.digest ? ` Reference: ${error.digest}.` : ""}
        </p>
        <button onClick={reset}>Try again</button>
      </body>
    </html>
  );
}
