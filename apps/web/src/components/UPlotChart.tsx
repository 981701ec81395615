import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

interface Props {
  /** Everything but the size, which follows the container. Memoise it: a new object redraws from scratch. */
  options: Omit<uPlot.Options, 'width' | 'height'>;
  data: uPlot.AlignedData;
  height: number;
  /** What the chart shows, for screen readers (the numbers themselves are in a table beside it). */
  label: string;
}

/**
 * uPlot in React: made once per set of options, fed new data in place (no flicker on live updates),
 * and resized with its container so one chart fits a laptop and a 1920×1080 wall screen alike.
 */
export function UPlotChart({ options, data, height, label }: Props) {
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot>(undefined);
  const latestData = useRef(data);
  latestData.current = data;

  useEffect(() => {
    const element = container.current!;
    const plot = new uPlot({ ...options, width: Math.max(element.clientWidth, 200), height }, latestData.current, element);
    chart.current = plot;
    const observer = new ResizeObserver(() => plot.setSize({ width: Math.max(element.clientWidth, 200), height }));
    observer.observe(element);
    return () => {
      observer.disconnect();
      plot.destroy();
      chart.current = undefined;
    };
  }, [options, height]);

  useEffect(() => {
    chart.current?.setData(data);
  }, [data]);

  return <div className="chart" ref={container} role="img" aria-label={label} />;
}
