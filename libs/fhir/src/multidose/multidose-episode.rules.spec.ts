import { EPISODE_TRANSITIONS, episodeTransition, episodeTransitionsFrom } from './multidose-episode.rules';
import { MultidoseState } from './multidose-state';

describe('multidose episode moves', () => {
  it('lets Bro suspend a packing episode at admission and resume or change it at discharge', () => {
    expect(episodeTransition(MultidoseState.Active, MultidoseState.SuspendedAdmitted)?.by).toContain('bro');
    expect(episodeTransition(MultidoseState.ChangePending, MultidoseState.SuspendedAdmitted)?.by).toContain('bro');
    expect(episodeTransition(MultidoseState.SuspendedAdmitted, MultidoseState.Active)?.by).toContain('bro');
    expect(episodeTransition(MultidoseState.SuspendedAdmitted, MultidoseState.ChangePending)?.by).toContain('bro');
  });

  it('keeps admission to the hospital and Bro: the doctor cannot suspend packing', () => {
    expect(episodeTransition(MultidoseState.Active, MultidoseState.SuspendedAdmitted)?.by).not.toContain('doctor');
  });

  it('lets the doctor end any open episode, and nothing follow an ended one', () => {
    for (const from of [MultidoseState.Candidate, MultidoseState.Active, MultidoseState.SuspendedAdmitted]) {
      expect(episodeTransition(from, MultidoseState.Ended)?.by).toContain('doctor');
    }
    expect(episodeTransitionsFrom(MultidoseState.Ended)).toEqual([]);
  });

  it('never goes back to candidate', () => {
    expect(EPISODE_TRANSITIONS.some((move) => move.to === MultidoseState.Candidate)).toBe(false);
  });
});
