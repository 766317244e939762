import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { SetupForm } from "@/components/auth/SetupForm";
import { needsFirstRun } from "@/lib/server/setup/create-first-owner";

export const metadata: Metadata = { title: "First run" };

/** Exists only while no user does. */
export default async function SetupPage() {
  if (!(await needsFirstRun())) notFound();
  return <SetupForm />;
}
