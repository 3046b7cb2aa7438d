/**
 * A task queued from an animation-frame callback runs once that frame's style, layout and paint are done (they
 * run in the same task as the callbacks); a message channel queues one without a timer's clamping.
 */
export function afterRendering(): (fn: () => void) => void {
  const channel = new MessageChannel();
  const waiting: (() => void)[] = [];
  channel.port1.onmessage = () => {
    for (const fn of waiting.splice(0)) fn();
  };
  return (fn) => {
    waiting.push(fn);
    channel.port2.postMessage(null);
  };
}
