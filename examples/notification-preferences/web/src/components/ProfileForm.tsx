import { type FormEvent, useEffect, useState } from 'react';
import { apiRequest } from '../api/client.js';

interface Profile {
  id: number;
  email: string;
  displayName: string;
}

/** Edits the signed-in user's display name. */
export function ProfileForm({ token }: { token: string }) {
  const [profile, setProfile] = useState<Profile | undefined>();
  const [displayName, setDisplayName] = useState('');
  const [status, setStatus] = useState<'idle' | 'saving' | 'saved' | 'error'>('idle');
  const [error, setError] = useState<string | undefined>();

  useEffect(() => {
    apiRequest<Profile>('/users/me', token)
      .then((loaded) => {
        setProfile(loaded);
        setDisplayName(loaded.displayName);
      })
      .catch((failure: Error) => setError(failure.message));
  }, [token]);

  async function save(event: FormEvent) {
    event.preventDefault();
    setStatus('saving');
    try {
      setProfile(
        await apiRequest<Profile>('/users/me', token, {
          method: 'PUT',
          body: JSON.stringify({ displayName }),
        }),
      );
      setStatus('saved');
    } catch (failure) {
      setError((failure as Error).message);
      setStatus('error');
    }
  }

  if (error && !profile) return <p role="alert">Could not load your profile: {error}</p>;
  if (!profile) return <p>Loading…</p>;
  return (
    <form onSubmit={save} aria-label="Profile">
      <label>
        Display name
        <input value={displayName} onChange={(event) => setDisplayName(event.target.value)} maxLength={100} />
      </label>
      <button type="submit" disabled={status === 'saving'}>
        Save
      </button>
      {status === 'saved' && <p role="status">Saved</p>}
      {status === 'error' && <p role="alert">{error}</p>}
    </form>
  );
}
