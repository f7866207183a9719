import { useQuery } from "@tanstack/react-query";
import { Shell } from "./components/Shell";
import { errorCode, errorMessage } from "./lib/errors";
import { meQueryOptions } from "./lib/me";
import { AuthPage } from "./pages/AuthPage";
import { CreateFirstStaticPage } from "./pages/CreateFirstStaticPage";

export function App() {
  const me = useQuery(meQueryOptions());

  if (me.isPending) {
    return (
      <div className="splash" role="status">
        Loading…
      </div>
    );
  }
  if (me.isError) {
    if (errorCode(me.error) === "UNAUTHORIZED") return <AuthPage />;
    return (
      <div className="splash">
        <div className="card">
          <h1>Something went wrong</h1>
          <p role="alert" className="error">
            {errorMessage(me.error)}
          </p>
          <button type="button" className="button primary" onClick={() => void me.refetch()}>
            Try again
          </button>
        </div>
      </div>
    );
  }
  if (me.data.statics.length === 0) return <CreateFirstStaticPage me={me.data} />;
  return <Shell me={me.data} />;
}
