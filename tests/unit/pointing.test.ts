/**
 * Pointing at a node (hovering its card, its lane in the diagram, or an operation it served) selects it only while
 * the pointing lasts: the selection there was before comes back, so an anomaly's node stays selected after the
 * pointer crosses the graph.
 */
import { beforeEach, expect, it } from 'vitest';
import { labStore, pointAtNode, selectNode, stopPointing } from '../../src/app/store.ts';

beforeEach(() => {
  stopPointing();
  selectNode(null);
});

it('gives back the selection there was before the pointing, through several nodes pointed in turn', () => {
  selectNode('kv1');
  pointAtNode('kv2');
  expect(labStore.getState().selectedNode).toBe('kv2');
  pointAtNode('kv3');
  expect(labStore.getState().selectedNode).toBe('kv3');
  stopPointing();
  expect(labStore.getState().selectedNode).toBe('kv1');
  // A second end of pointing (a blur after the mouse left) changes nothing.
  selectNode('kv4');
  stopPointing();
  expect(labStore.getState().selectedNode).toBe('kv4');
});

it('restores "nothing selected" too', () => {
  pointAtNode('kv2');
  stopPointing();
  expect(labStore.getState().selectedNode).toBeNull();
});
