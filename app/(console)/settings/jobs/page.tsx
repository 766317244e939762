import type { Metadata } from "next";
import { PageHeader } from "@/components/common/PageHeader";
import { JobsTable } from "@/components/settings/JobsTable";
import { listJobs } from "@/lib/server/jobs/list-jobs";
import { requirePageAccess } from "@/lib/server/pages/page-access";

export const metadata: Metadata = { title: "Jobs" };

export default async function JobsPage() {
  await requirePageAccess("jobs.read");
  return (
    <>
      <PageHeader title="Jobs" subtitle="Background work: discoveries of connectors and their schedule, newest first" />
      <JobsTable jobs={await listJobs(100)} />
    </>
  );
}
