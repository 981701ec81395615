import type { ComponentType } from 'react';
import { BoardPanelKey, BoardPanelTypes, BoardPanels } from '@app/fhir/board/board-metrics';
import { ConsultationPanel } from './ConsultationPanel';
import { DischargePanel } from './DischargePanel';
import { MultidosePanel } from './MultidosePanel';
import { ReferralPanel } from './ReferralPanel';
import { RevolvingDoorPanel } from './RevolvingDoorPanel';

export interface BoardPanelViewProps<Panel> {
  panel: Panel;
  fontSize: number;
  /** A wall screen: large type, everything on one screen. */
  wide: boolean;
  /** Kiosk mode (also `wide`): only the headline figures, read from across the room. */
  kiosk?: boolean;
}

/**
 * How each panel is drawn, in the order the board shows them. Typed over every panel key, so a
 * workflow's panel added to BoardPanelTypes cannot reach the board without a view.
 */
const PANEL_VIEWS: { [K in BoardPanelKey]: ComponentType<BoardPanelViewProps<BoardPanelTypes[K]>> } = {
  discharge: DischargePanel,
  consultations: ConsultationPanel,
  referrals: ReferralPanel,
  multidose: MultidosePanel,
  revolvingDoor: RevolvingDoorPanel,
};

/** The panels a board got, each with its view, in the board's order; a workflow without a panel has nothing on it. */
export function panelsToDraw(panels: BoardPanels): Array<{ key: BoardPanelKey; View: ComponentType<BoardPanelViewProps<unknown>>; panel: unknown }> {
  return (Object.keys(PANEL_VIEWS) as BoardPanelKey[]).flatMap((key) => {
    const panel = panels[key];
    return panel === undefined ? [] : [{ key, View: PANEL_VIEWS[key] as ComponentType<BoardPanelViewProps<unknown>>, panel }];
  });
}
