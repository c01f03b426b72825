/** A few options picked with checkboxes; the chosen ones keep the options' order. */
export function CheckboxSet<T extends string>({
  legend,
  options,
  value,
  label,
  onChange,
}: {
  legend: string;
  options: readonly T[];
  value: readonly T[];
  label(option: T): string;
  onChange(next: T[]): void;
}) {
  const toggle = (option: T, on: boolean) => onChange(on ? options.filter((o) => o === option || value.includes(o)) : value.filter((o) => o !== option));
  return (
    <fieldset className="checks">
      <legend>{legend}</legend>
      {options.map((option) => (
        <label key={option}>
          <input type="checkbox" checked={value.includes(option)} onChange={(e) => toggle(option, e.target.checked)} /> {label(option)}
        </label>
      ))}
    </fieldset>
  );
}
