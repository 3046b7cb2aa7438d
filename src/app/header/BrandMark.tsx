/** The logo: a leader replicating to two followers (the same drawing as public/favicon.svg). */
export function BrandMark() {
  return (
    <svg className="brand-mark" viewBox="0 0 32 32" aria-hidden="true">
      <path d="M16 9 L7 23 M16 9 L25 23" stroke="#8b93b0" strokeWidth="2" strokeLinecap="round" />
      <circle cx="11.5" cy="16" r="2" fill="#b18cff" />
      <circle cx="16" cy="8" r="5" fill="#4da3ff" />
      <circle cx="7" cy="24" r="4" fill="#3ecf8e" />
      <circle cx="25" cy="24" r="4" fill="#3ecf8e" />
    </svg>
  );
}
