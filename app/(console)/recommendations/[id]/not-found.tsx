import { RecommendationNotFound } from "@/components/recommendations/RecommendationNotFound";

/** Unknown and out-of-scope recommendations land here, with the same words. */
export default function NotFound() {
  return <RecommendationNotFound />;
}
