/** The <option>s of a list of names shown as they are (providers, groups, account kinds). */
export function NameOptions({ names }: { names: readonly string[] }) {
  return (
    <>
      {names.map((name) => (
        <option key={name} value={name}>
          {name}
        </option>
      ))}
    </>
  );
}
