import { useEffect, useState } from 'react';

type Readiness = 'checking' | 'ready' | 'unavailable';

/**
 * The first page of Bro's web app: says what Bro is and whether the API behind it is ready.
 * The board, the GP inbox and the coordinator's views come next.
 */
export function App() {
  const [readiness, setReadiness] = useState<Readiness>('checking');

  useEffect(() => {
    fetch('/health/ready')
      .then((response) => setReadiness(response.ok ? 'ready' : 'unavailable'))
      .catch(() => setReadiness('unavailable'));
  }, []);

  return (
    <main style={{ fontFamily: 'system-ui, sans-serif', maxWidth: 720, margin: '4rem auto', lineHeight: 1.5, padding: '0 1rem' }}>
      <h1>Bro</h1>
      <p>Samhandling ved utskrivning mellom sykehus og fastleger i Bergen.</p>
      <p role="status" data-testid="api-status">
        {readiness === 'checking' && 'Sjekker forbindelsen til Bro …'}
        {readiness === 'ready' && 'Bro er klar: FHIR-grensesnittet svarer på /fhir/R4.'}
        {readiness === 'unavailable' && 'Bro svarer ikke ennå. Start Bro med «npm start» og last siden på nytt.'}
      </p>
      <p>Tavla, innboksen for fastleger og koordinatorens planlegger kommer her.</p>
    </main>
  );
}
