/**
 * The light/dark toggle. The page follows the system's colour scheme until the user picks one here; the choice
 * is remembered (src/app/page/prefs.ts).
 */
import { setTheme } from '../page/prefs.ts';
import { useTheme } from '../page/theme.ts';

export function ThemeToggle() {
  const theme = useTheme();
  const next = theme === 'dark' ? 'light' : 'dark';
  return (
    <button
      type="button"
      className="icon-button"
      onClick={() => setTheme(next)}
      aria-label={`Switch to the ${next} theme`}
      title={`Switch to the ${next} theme`}
      data-testid="theme-toggle"
      data-theme={theme}
    >
      <span aria-hidden="true">{theme === 'dark' ? '☀' : '☾'}</span>
    </button>
  );
}
