import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js'

let done = false

/** Registers only the chart.js parts the dashboard uses (bar and line charts), once. */
export function setupCharts(): void {
  if (done) return
  Chart.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Legend, Tooltip)
  // Animations delay what the user asked for and move things for people who asked for calm.
  Chart.defaults.animation = false
  Chart.defaults.font.family = "'Noto Sans TC', 'PingFang TC', 'Microsoft JhengHei', system-ui, sans-serif"
  Chart.defaults.color = '#1f2933'
  done = true
}

/** Colour pairs with ≥ 3:1 contrast against white (WCAG 1.4.11 for graphics). */
export const chartColours = {
  primary: '#1d4ed8',
  secondary: '#b45309',
  danger: '#b42318',
  success: '#15803d',
  line: '#b42318',
}
