import type { Config } from "tailwindcss";

// Tailwind 4 reads design tokens from CSS by default; this file is loaded
// through `@config` in app/globals.css so the brand theme lives in typed code
// that components and future email templates can share.
const config = {
  theme: {
    extend: {
      colors: {
        // Teal reads as calm and clinical without looking like a hospital
        // system; 700 and darker pass WCAG AA on white for body text.
        brand: {
          50: "#effcf9",
          100: "#c9f5ec",
          200: "#94eadb",
          300: "#57d7c4",
          400: "#27bca9",
          500: "#0f9f8f",
          600: "#0a8075",
          700: "#0c665f",
          800: "#0f514c",
          900: "#114440",
          950: "#03282a",
        },
        ink: {
          DEFAULT: "#0f172a",
          muted: "#475569",
        },
      },
      fontFamily: {
        // System fonts: the build machine and many clinics' networks cannot
        // fetch web fonts, and system fonts cost no layout shift.
        sans: [
          "ui-sans-serif",
          "system-ui",
          "-apple-system",
          "Segoe UI",
          "Roboto",
          "Helvetica Neue",
          "Arial",
          "Noto Sans",
          "Noto Sans Arabic",
          "sans-serif",
        ],
      },
    },
  },
} satisfies Config;

export default config;
