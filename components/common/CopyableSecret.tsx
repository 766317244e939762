"use client";

import { Button, Field, Input, makeStyles, tokens } from "@fluentui/react-components";
import { Checkmark16Regular, Copy16Regular } from "@fluentui/react-icons";
import { useRef, useState } from "react";

const useStyles = makeStyles({
  row: { display: "flex", gap: "8px", alignItems: "center" },
  input: { flexGrow: 1, fontFamily: tokens.fontFamilyMonospace },
});

/**
 * A secret shown once (a generated password, a new API token): read-only, selected
 * on focus, with a Copy button. When the clipboard is refused, the text is selected
 * for Ctrl+C instead.
 */
export function CopyableSecret({ label, value, noun = label.toLowerCase() }: { label: string; value: string; /** How a sentence names it ("password", "API token"). */ noun?: string }) {
  const styles = useStyles();
  const input = useRef<HTMLInputElement>(null);
  const [copy, setCopy] = useState<"idle" | "copied" | "failed">("idle");

  async function copyValue() {
    try {
      await navigator.clipboard.writeText(value);
      setCopy("copied");
    } catch {
      input.current?.select();
      setCopy("failed");
    }
  }

  return (
    <Field
      label={label}
      validationState={copy === "copied" ? "success" : copy === "failed" ? "warning" : "none"}
      validationMessage={copy === "copied" ? "Copied to the clipboard." : copy === "failed" ? `Could not copy: the ${noun} is selected, press Ctrl+C.` : undefined}
    >
      <div className={styles.row}>
        <Input ref={input} readOnly value={value} className={styles.input} onFocus={(e) => e.currentTarget.select()} />
        <Button icon={copy === "copied" ? <Checkmark16Regular /> : <Copy16Regular />} onClick={() => void copyValue()} aria-label={`Copy the ${noun}`}>
          Copy
        </Button>
      </div>
    </Field>
  );
}
