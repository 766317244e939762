import { RepositoryNotFound } from "@/components/repository/RepositoryNotFound";

/** Unknown, malformed and out-of-scope ids all land here, with the same words. */
export default function NotFound() {
  return <RepositoryNotFound />;
}
