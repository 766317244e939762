"use client";

import { MessageBar, MessageBarBody, MessageBarTitle } from "@fluentui/react-components";
import type { Problem } from "./api";

/** An API problem as the user reads it: its title and its detail. */
export function ProblemBar({ problem, className }: { problem: Problem | null; className?: string }) {
  if (!problem) return null;
  return (
    <MessageBar intent="error" role="alert" layout="multiline" className={className}>
      <MessageBarBody>
        <MessageBarTitle>{problem.title}</MessageBarTitle>
        {problem.detail}
      </MessageBarBody>
    </MessageBar>
  );
}
