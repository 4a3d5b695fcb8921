/** The tab strip: arrow keys, Home and End move between tabs, as in Office panes. */
import { $ } from './pane.js';

export function setupTabs(): void {
  const tabs = [...document.querySelectorAll<HTMLButtonElement>('[role="tab"]')];
  const select = (tab: HTMLButtonElement) => {
    for (const other of tabs) {
      const selected = other === tab;
      other.setAttribute('aria-selected', String(selected));
      other.tabIndex = selected ? 0 : -1;
      $(other.getAttribute('aria-controls')!).hidden = !selected;
    }
    tab.focus();
  };
  tabs.forEach((tab, index) => {
    tab.addEventListener('click', () => select(tab));
    tab.addEventListener('keydown', (event) => {
      const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
      if (event.key === 'Home') select(tabs[0]);
      else if (event.key === 'End') select(tabs[tabs.length - 1]);
      else if (step) select(tabs[(index + step + tabs.length) % tabs.length]);
    });
  });
}
