// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, expect, it, vi } from 'vitest';
import { ProfileForm } from '../src/components/ProfileForm.js';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function answer(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

it('loads the profile and saves a new display name', async () => {
  const fetchMock = vi
    .fn()
    .mockResolvedValueOnce(answer({ id: 1, email: 'ada@example.com', displayName: 'Ada' }))
    .mockResolvedValueOnce(answer({ id: 1, email: 'ada@example.com', displayName: 'Ada L.' }));
  vi.stubGlobal('fetch', fetchMock);
  render(<ProfileForm token="ada-token" />);
  const input = await screen.findByDisplayValue('Ada');
  fireEvent.change(input, { target: { value: 'Ada L.' } });
  fireEvent.click(screen.getByRole('button', { name: 'Save' }));
  expect(await screen.findByRole('status')).toHaveProperty('textContent', 'Saved');
  expect(fetchMock).toHaveBeenLastCalledWith('/users/me', expect.objectContaining({ method: 'PUT' }));
});
